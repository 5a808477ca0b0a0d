"""Prefix indexes for finding people by the start of a name, employee id or e-mail on PostgreSQL.

The search matches each word against the start of these columns (UPPER(column) LIKE 'WORD%');
a b-tree on the upper-cased text with pattern operators answers that from the index, where the
trigram indexes of 0004 leave the planner reading every person.
"""

from django.db import migrations

from workshift.core.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0004_person_search_indexes")]

    operations = [
        postgres_indexes(
            table="people_person",
            columns=["first_name", "last_name", "employee_id", "email"],
            suffix="prefix",
            definition="(UPPER({column}) text_pattern_ops)",
        )
    ]
