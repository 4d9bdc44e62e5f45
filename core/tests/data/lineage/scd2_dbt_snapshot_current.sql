select
  customer_id,
  name,
  email,
  country,
  dbt_valid_from as valid_from
from snapshots.customers_snapshot
where dbt_valid_to is null
