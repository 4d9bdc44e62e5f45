select * exclude (_fivetran_synced, _fivetran_deleted, email) from shopify.orders
