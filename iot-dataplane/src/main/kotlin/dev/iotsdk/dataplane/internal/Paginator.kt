package dev.iotsdk.dataplane.internal

import dev.iotsdk.dataplane.PaginationConfig
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * A boto3-style paginator as a cold [Flow] of pages: starts at [PaginationConfig.startingToken], asks for
 * [PaginationConfig.pageSize] (capped at [serviceMax] and at the items still wanted), stops after the page without a
 * token or once [PaginationConfig.maxItems] items were emitted; the last page is then cut by [cut] and carries the
 * token that fetched it.
 */
internal fun <P : Any, T> paginate(
    config: PaginationConfig,
    serviceMax: Int,
    fetch: suspend (token: String?, size: Int?) -> P,
    items: (P) -> List<T>,
    next: (P) -> String?,
    cut: (P, List<T>, String?) -> P,
): Flow<P> = flow {
    var token = config.startingToken
    var remaining = config.maxItems
    while (true) {
        val wanted = listOfNotNull(config.pageSize, remaining).minOrNull()?.coerceAtMost(serviceMax)
        val page = fetch(token, wanted)
        val got = items(page)
        val nextToken = next(page)?.takeIf { it.isNotEmpty() }
        if (remaining != null && got.size >= remaining) {
            emit(
                if (got.size == remaining &&
                    nextToken != null
                ) {
                    page
                } else {
                    cut(
                        page,
                        got.take(remaining),
                        if (got.size >
                            remaining
                        ) {
                            token
                        } else {
                            nextToken
                        },
                    )
                },
            )
            return@flow
        }
        emit(page)
        if (remaining != null) remaining -= got.size
        token = continuation(token, nextToken) ?: return@flow
    }
}

/**
 * The token the walk goes on with after a page fetched with [current] that answered [next], or `null` when that page
 * was the last: no token, an empty one, or the same token again (a service that repeats itself must not loop us).
 */
internal fun continuation(current: String?, next: String?): String? = next?.takeIf { it.isNotEmpty() && it != current }
