with totals(customer_id, revenue, orders) as (
  select customer_id, sum(amount) from pos.orders group by customer_id
)
select * from totals
