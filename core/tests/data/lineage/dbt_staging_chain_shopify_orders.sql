with source as (
  select * from shopify.orders
),
renamed as (
  select
    id as order_id,
    customer_id,
    lower(email) as email,
    cast(created_at as timestamp) as created_at,
    cast(updated_at as timestamp) as updated_at,
    financial_status,
    cast(total_price as decimal(18, 2)) as total_price,
    upper(currency) as currency,
    _fivetran_synced as synced_at
  from source
  where not coalesce(_fivetran_deleted, false)
)
select * from renamed
