select
  orderid as order_id,
  sum(case when paymentmethod = 'credit_card' then amount else 0 end) as credit_card_amount,
  sum(case when paymentmethod = 'bank_transfer' then amount else 0 end) as bank_transfer_amount,
  sum(case when paymentmethod not in ('credit_card', 'bank_transfer') then amount else 0 end) as other_amount
from stripe.payments
group by orderid
