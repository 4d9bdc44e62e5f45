-- dialect: snowflake
select customer_id, name, email
from crm.customers
qualify row_number() over (partition by customer_id order by created_at desc) = 1
