-- dialect: snowflake
with source as (
  select * from stripe.payments
),
renamed as (
  select
    id as payment_id,
    orderid as order_id,
    paymentmethod as payment_method,
    status,
    amount / 100 as amount,
    created::timestamp_ntz as created_at
  from source
)
select * from renamed
