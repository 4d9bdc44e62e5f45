select order_id, amount
from pos.orders
where amount > all (select amount from pos.orders where status = 'refunded')
