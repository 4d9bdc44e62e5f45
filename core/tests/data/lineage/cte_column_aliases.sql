with x (id, total) as (select order_id, amount from pos.orders)
select id, total from x
