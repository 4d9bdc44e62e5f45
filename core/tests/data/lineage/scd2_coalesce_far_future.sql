select
  customer_id,
  email,
  changed_at as valid_from,
  coalesce(
    lead(changed_at) over (partition by customer_id order by changed_at),
    timestamp '9999-12-31 00:00:00'
  ) as valid_to
from crm.customer_changes
