-- console
create secret s (type s3, key_id 'a', secret 'b')
