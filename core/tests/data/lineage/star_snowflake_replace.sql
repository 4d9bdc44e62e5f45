-- dialect: snowflake
select * replace (amount / 100 as amount) from jaffle.raw_payments
