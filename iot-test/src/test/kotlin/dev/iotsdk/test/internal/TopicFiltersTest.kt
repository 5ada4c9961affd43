package dev.iotsdk.test.internal

import dev.iotsdk.core.InvalidTopicException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class TopicFiltersTest :
    FunSpec({
        test("wildcards match as AWS IoT matches them") {
            listOf(
                Triple("a/b", "a/b", true),
                Triple("a/b", "a/c", false),
                Triple("a/+", "a/b", true),
                Triple("a/+", "a/b/c", false),
                Triple("a/+/c", "a//c", true),
                Triple("+/+", "a/b", true),
                Triple("a/#", "a/b/c", true),
                Triple("a/#", "a/", true),
                Triple("a/#", "a", false), // AWS IoT: the parent is not matched (MQTT would match it)
                Triple("#", "a", true),
                Triple("#", "\$aws/things/t/shadow/get", false),
                Triple("+/things/t", "\$aws/things/t", false),
                Triple("\$aws/things/+/shadow/#", "\$aws/things/t/shadow/get/accepted", true),
                Triple("\$share/group/a/+", "a/b", true),
                Triple("\$share/group/a/+", "\$share/group/a/b", false),
            ).forEach { (filter, topic, expected) ->
                withClue(filter, topic) { TopicFilters.matches(filter, topic) shouldBe expected }
            }
        }

        test("topic names and filters are checked") {
            TopicFilters.checkTopicName("a/b")
            TopicFilters.checkTopicFilter("a/+/#")
            TopicFilters.checkTopicFilter("\$share/g/a/#")
            listOf("", "a/+", "a/#").forEach { shouldThrow<InvalidTopicException> { TopicFilters.checkTopicName(it) } }
            listOf("", "a/#/b", "a#", "a/b+", "\$share/g").forEach {
                shouldThrow<InvalidTopicException> { TopicFilters.checkTopicFilter(it) }
            }
        }
    })

private inline fun withClue(filter: String, topic: String, block: () -> Unit) =
    io.kotest.assertions.withClue("'$filter' vs '$topic'") { block() }
