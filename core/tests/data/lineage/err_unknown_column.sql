select order_id,
       amout
from pos.orders
