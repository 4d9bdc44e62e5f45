select order_id, amount
from pos.orders
where amount > (select avg(amount) from pos.orders)
