with payments as (
  select id as payment_id, orderid as order_id, amount as gross_amount from stripe.payments
),
refunds as (
  select payment_id, sum(amount) as refunded_amount from stripe.refunds group by payment_id
)
select
  payments.payment_id,
  payments.order_id,
  payments.gross_amount,
  coalesce(refunds.refunded_amount, 0) as refunded_amount,
  payments.gross_amount - coalesce(refunds.refunded_amount, 0) as net_amount
from payments
left join refunds on refunds.payment_id = payments.payment_id
