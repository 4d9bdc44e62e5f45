select plan, customer_id, sum(mrr) as mrr
from app.subscriptions
group by grouping sets ((plan), (customer_id), ())
