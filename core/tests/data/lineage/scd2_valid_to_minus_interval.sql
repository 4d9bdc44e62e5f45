select
  customer_id,
  country,
  cast(changed_at as date) as valid_from,
  cast(lead(changed_at) over (partition by customer_id order by changed_at) - interval '1 day' as date) as valid_to
from crm.customer_changes
