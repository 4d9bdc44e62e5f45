-- dialect: snowflake
select order_id, dateadd(day, 7, ordered_at) as due_at, datediff(day, ordered_at, current_date) as age_days from pos.orders
