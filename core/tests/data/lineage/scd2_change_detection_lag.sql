with changes as (
  select
    customer_id,
    email,
    changed_at,
    lag(email) over (partition by customer_id order by changed_at) as previous_email
  from crm.customer_changes
)
select customer_id, previous_email, email as new_email, changed_at
from changes
where previous_email is distinct from email
