"""A stock django-oscar 4.2 shop (Oscar's default apps, Haystack with Whoosh) to compare page costs with."""
