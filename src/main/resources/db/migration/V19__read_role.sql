-- PREDICT keys read everything until READ existed; they become READ keys and keep working. A new
-- PREDICT key reaches predictions only.
UPDATE api_key SET role = 'READ' WHERE role = 'PREDICT';
