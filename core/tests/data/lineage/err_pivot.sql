-- dialect: snowflake
select * from pos.orders pivot (sum(amount) for status in ('paid', 'open')) as p
