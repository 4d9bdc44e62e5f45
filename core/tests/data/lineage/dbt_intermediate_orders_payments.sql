with payments as (
  select orderid as order_id, sum(amount) / 100 as paid_amount, count(*) as payment_count
  from stripe.payments
  where status = 'success'
  group by orderid
)
select
  o.order_id,
  o.customer_id,
  o.amount as order_amount,
  coalesce(p.paid_amount, 0) as paid_amount,
  o.amount - coalesce(p.paid_amount, 0) as outstanding_amount,
  coalesce(p.payment_count, 0) as payment_count
from pos.orders o
left join payments p on p.order_id = o.order_id
