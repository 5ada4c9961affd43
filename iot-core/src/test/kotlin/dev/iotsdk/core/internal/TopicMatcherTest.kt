package dev.iotsdk.core.internal

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class TopicMatcherTest : FunSpec({
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
