with paid as (
  select order_id, customer_id, amount from pos.orders where status = 'paid'
),
per_customer as (
  select customer_id, sum(amount) as revenue from paid group by customer_id
)
select c.name, p.revenue, p.revenue * 2 as double_revenue
from per_customer p
join crm.customers c on c.customer_id = p.customer_id
