select
  customer_id,
  email,
  country,
  changed_at as valid_from,
  lead(changed_at) over (partition by customer_id order by changed_at) as valid_to
from crm.customer_changes
