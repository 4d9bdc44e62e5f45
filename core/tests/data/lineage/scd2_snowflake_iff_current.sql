-- dialect: snowflake
select
  customer_id,
  tier,
  changed_at as valid_from,
  lead(changed_at) over (partition by customer_id order by changed_at) as valid_to,
  iff(lead(changed_at) over (partition by customer_id order by changed_at) is null, true, false) as is_current
from crm.customer_changes
