-- dialect: snowflake
select * exclude (dbt_scd_id, dbt_updated_at) rename (dbt_valid_from as valid_from, dbt_valid_to as valid_to)
from snapshots.customers_snapshot
