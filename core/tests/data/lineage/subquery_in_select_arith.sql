select store_id, amount, amount / (select sum(amount) from pos.orders) as share_of_total
from pos.orders
