select order_id, amount, null as refund_amount from pos.orders
union all
select payment_id, 0, amount from stripe.refunds
