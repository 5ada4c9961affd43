@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.dataplane.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.dataplane.DataPlanePaginator
import dev.iotsdk.dataplane.PaginationConfig
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.toList
import java.util.concurrent.atomic.AtomicInteger

/** A page of a fake list operation: its items and the token the service answered. */
private class Page(val items: List<Int>, val next: String?)

/**
 * A service holding [total] items, [perPage] at a time, whose last page answers [lastToken] (null, empty, or the
 * token that fetched it: all three must end the walk).
 */
private class FakeList(val total: Int, val perPage: Int, val lastToken: (String?) -> String?) {
    val calls = AtomicInteger()

    fun fetch(token: String?, size: Int?): Page {
        calls.incrementAndGet()
        val from = token?.toInt() ?: 0
        val n = minOf(size ?: perPage, perPage, total - from)
        val to = from + n
        return Page((from until to).toList(), if (to >= total) lastToken(token) else to.toString())
    }

    fun pages(config: PaginationConfig) = paginate(
        config,
        serviceMax = 100,
        fetch = { token, size -> fetch(token, size) },
        items = { it.items },
        next = { it.next },
        cut = { _, kept, token -> Page(kept, token) },
    )
}

class PaginatorTest :
    FunSpec({
        val view = JavaView("paginator-test", null)

        fun javaPages(list: FakeList, config: PaginationConfig): List<List<Int>> =
            DataPlanePaginator(view, config, list::pages, { it.items.size }, { it.next }).map { it.items }

        for ((name, last) in listOf<Pair<String, (String?) -> String?>>(
            "no token" to { _ -> null },
            "an empty token" to { _ -> "" },
            "the same token again" to { t -> t },
        )) {
            test("a last page with $name ends the walk, in the Flow and in the Java iterator alike") {
                val flowList = FakeList(7, 3, last)
                val pages = flowList.pages(PaginationConfig.DEFAULT).toList().map { it.items }
                pages shouldBe listOf(listOf(0, 1, 2), listOf(3, 4, 5), listOf(6))
                flowList.calls.get() shouldBe 3

                val javaList = FakeList(7, 3, last)
                javaPages(javaList, PaginationConfig.DEFAULT) shouldBe pages
                javaList.calls.get() shouldBe 3
            }
        }

        test("maxItems cuts the last page and stops requesting, in both forms") {
            val config = PaginationConfig(maxItems = 5, pageSize = 2, startingToken = null)
            val flowList = FakeList(20, 3) { null }
            val pages = flowList.pages(config).toList().map { it.items }
            pages shouldBe listOf(listOf(0, 1), listOf(2, 3), listOf(4))
            val javaList = FakeList(20, 3) { null }
            javaPages(javaList, config) shouldBe pages
            javaList.calls.get() shouldBe flowList.calls.get()
        }
    })
