package dev.iotsdk.core.internal

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.Random

class TopicMatcherTest :
    FunSpec({
        test("exact, single-level and multi-level wildcards") {
            TopicMatcher.matches("a/b", "a/b") shouldBe true
            TopicMatcher.matches("a/b", "a/c") shouldBe false
            TopicMatcher.matches("a/+", "a/b") shouldBe true
            TopicMatcher.matches("a/+", "a/b/c") shouldBe false
            TopicMatcher.matches("a/#", "a/b/c") shouldBe true
            TopicMatcher.matches("#", "x/y") shouldBe true
            TopicMatcher.matches("+/+", "x/y") shouldBe true
        }

        test("wildcards at the first level do not match \$ topics") {
            TopicMatcher.matches("#", "\$aws/things/t/shadow/get") shouldBe false
            TopicMatcher.matches("\$aws/things/+/shadow/#", "\$aws/things/t/shadow/get/accepted") shouldBe true
        }

        test("shared subscriptions match on their filter part") {
            TopicMatcher.matches("\$share/group/a/+", "a/b") shouldBe true
            TopicMatcher.matches("\$share/group/a/+", "b/b") shouldBe false
        }
    })

/** The MQTT 5 rules (section 4.7) written the obvious way, to check the allocation-free matcher against. */
private fun referenceMatches(filter: String, topic: String): Boolean {
    val f = if (filter.startsWith("\$share/")) filter.split('/', limit = 3).getOrElse(2) { "" } else filter
    if (topic.startsWith("$") && (f.startsWith("+") || f.startsWith("#"))) return false
    val fl = f.split('/')
    val tl = topic.split('/')
    for (i in fl.indices) {
        if (fl[i] == "#") return true
        if (i >= tl.size) return false
        if (fl[i] != "+" && fl[i] != tl[i]) return false
    }
    return fl.size == tl.size
}

class TopicMatcherEdgeCasesTest :
    FunSpec({
        test("'#' matches the parent level, and empty levels are levels") {
            TopicMatcher.matches("a/#", "a") shouldBe true
            TopicMatcher.matches("a/b/#", "a") shouldBe false
            TopicMatcher.matches("a/+", "a/") shouldBe true
            TopicMatcher.matches("a/b", "a/b/") shouldBe false
            TopicMatcher.matches("a//b", "a//b") shouldBe true
            TopicMatcher.matches("a/+/b", "a//b") shouldBe true
            TopicMatcher.matches("+", "/") shouldBe false
            TopicMatcher.matches("+/+", "/") shouldBe true
            TopicMatcher.matches("/#", "/x/y") shouldBe true
            TopicMatcher.matches("sport/tennis/+", "sport/tennis") shouldBe false
        }

        test("agrees with the level-by-level reference on generated filters and topics") {
            val random = Random(42)
            val words = listOf("", "a", "b", "ab", "\$aws", "things", "t1", "shadow")
            fun topic(): String = (0..random.nextInt(5)).joinToString("/") { words[random.nextInt(words.size)] }
            fun filter(): String {
                val levels = (0..random.nextInt(5)).map {
                    when (random.nextInt(5)) {
                        0 -> "+"
                        else -> words[random.nextInt(words.size)]
                    }
                }.toMutableList()
                if (random.nextInt(4) == 0) levels += "#"
                val f = levels.joinToString("/")
                return if (random.nextInt(6) == 0) "\$share/g/$f" else f
            }
            repeat(50_000) {
                val f = filter()
                val t = topic()
                withClue("filter '$f', topic '$t'") { TopicMatcher.matches(f, t) shouldBe referenceMatches(f, t) }
            }
        }
    })
