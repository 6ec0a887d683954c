"""The public site's views: pages, maps and open data, one module each."""
