select
  customer_id,
  count(*) as version_count,
  min(dbt_valid_from) as first_seen,
  max(coalesce(dbt_valid_to, dbt_updated_at)) as last_changed
from snapshots.customers_snapshot
group by customer_id
having count(*) > 1
