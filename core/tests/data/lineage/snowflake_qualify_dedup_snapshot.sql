-- dialect: snowflake
select customer_id, email, dbt_valid_from
from snapshots.customers_snapshot
qualify row_number() over (partition by customer_id order by dbt_valid_from desc) = 1
