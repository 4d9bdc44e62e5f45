with versions as (
  select
    customer_id,
    tier,
    changed_at as valid_from,
    lead(changed_at) over (partition by customer_id order by changed_at) as valid_to
  from crm.customer_changes
)
select
  customer_id,
  tier,
  valid_from,
  valid_to,
  case when valid_to is null then true else false end as is_current
from versions
