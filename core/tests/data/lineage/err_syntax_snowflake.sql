-- dialect: snowflake
select order_id from pos.orders where amount > 
