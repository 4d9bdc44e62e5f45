with all_payments as (
  select order_id, amount / 100 as amount, 'jaffle' as source from jaffle.raw_payments
  union all
  select orderid, amount / 100, 'stripe' from stripe.payments
)
select source, count(*) as payments, sum(amount) as total_amount
from all_payments
group by source
