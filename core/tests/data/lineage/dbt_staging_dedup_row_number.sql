with source as (
  select * from shopify.customers
),
ranked as (
  select
    *,
    row_number() over (partition by id order by updated_at desc) as row_num
  from source
)
select id as customer_id, email, first_name, last_name, updated_at
from ranked
where row_num = 1
