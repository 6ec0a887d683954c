"""Bench-only middleware: the number of SQL queries a request ran, in an
X-Queries header (queries run while a streamed body is read come after the
headers and are not counted)."""

from django.db import connection


def count_queries(get_response):
    def middleware(request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response["X-Queries"] = str(count)
        return response

    return middleware
