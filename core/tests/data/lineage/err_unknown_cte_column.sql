with paid as (select order_id, amount from pos.orders where status = 'paid')
select order_id, customer_id from paid
