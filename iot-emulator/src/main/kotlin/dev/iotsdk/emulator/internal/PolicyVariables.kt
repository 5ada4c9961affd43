package dev.iotsdk.emulator.internal

import java.time.Instant
import java.time.temporal.ChronoUnit

/**
 * The values of a request's policy variables and condition keys: `iot:ClientId`, `iot:Connection.Thing.ThingName`
 * and `...IsAttached` here, `aws:CurrentTime` and `aws:EpochTime` from [clock], every other key from [keys]
 * (`iot:Connection.Thing.ThingTypeName`, `...Attributes[<name>]`, `iot:Certificate.*`, `aws:SourceIp`). A missing
 * value means the variable cannot be resolved (a resource using it never matches), as `${'$'}{iot:ClientId}` for
 * HTTPS calls, which have no client id.
 */
internal class PolicyVariables(
    val clientId: String?,
    val thingName: String?,
    val thingAttached: Boolean,
    private val keys: (String) -> List<String>? = { null },
    private val clock: () -> Instant = Instant::now,
) {
    /** The values of condition key [key], or `null` when the request has none. */
    fun values(key: String): List<String>? = when (key) {
        "iot:ClientId" -> clientId?.let(::listOf)
        "iot:Connection.Thing.ThingName" -> thingName?.let(::listOf)
        "iot:Connection.Thing.IsAttached" -> listOf(thingAttached.toString())
        "aws:CurrentTime" -> listOf(clock().truncatedTo(ChronoUnit.SECONDS).toString())
        "aws:EpochTime" -> listOf(clock().epochSecond.toString())
        else -> keys(key)
    }

    /** [text] with its `${'$'}{…}` variables replaced, or `null` when one cannot be resolved. */
    fun substitute(text: String): String? = pattern(text)?.text

    /**
     * [pattern] (a resource or a condition value) with its `${'$'}{…}` variables replaced: the substituted values are
     * literal text, never wildcards, so a client id `*` matches only `*` (AWS: "policy variables are substituted as
     * text"). `null` when a variable cannot be resolved.
     */
    fun pattern(pattern: String): GlobPattern? {
        if (!pattern.contains("\${")) return GlobPattern(pattern, null)
        val out = StringBuilder()
        val literal = ArrayList<Boolean>()
        var i = 0
        while (i < pattern.length) {
            val start = pattern.indexOf("\${", i)
            val end = if (start < 0) -1 else pattern.indexOf('}', start)
            if (start < 0 || end < 0) {
                if (start >= 0) return null
                out.append(pattern, i, pattern.length)
                repeat(pattern.length - i) { literal += false }
                break
            }
            out.append(pattern, i, start)
            repeat(start - i) { literal += false }
            val value = values(pattern.substring(start + 2, end))?.singleOrNull() ?: return null
            out.append(value)
            repeat(value.length) { literal += true }
            i = end + 1
        }
        return GlobPattern(out.toString(), literal.toBooleanArray())
    }
}

/** A wildcard pattern whose characters marked [literal] match only themselves (substituted variable values). */
internal class GlobPattern(val text: String, val literal: BooleanArray?) {
    fun isLiteral(index: Int): Boolean = literal?.get(index) ?: false
}

/** `*` (any sequence) and `?` (any one character) wildcard matching, as IAM/IoT policies use. */
internal object Glob {
    fun matches(pattern: String, text: String, ignoreCase: Boolean): Boolean =
        matches(GlobPattern(pattern, null), text, ignoreCase)

    fun matches(pattern: GlobPattern, text: String, ignoreCase: Boolean): Boolean {
        val p = pattern.text
        var pi = 0
        var t = 0
        var starP = -1
        var starT = 0
        fun wild(index: Int, c: Char) = p[index] == c && !pattern.isLiteral(index)
        fun one(index: Int, c: Char) = !wild(index, '*') && (wild(index, '?') || p[index].equals(c, ignoreCase))
        while (t < text.length) {
            if (pi < p.length && one(pi, text[t])) {
                pi++
                t++
            } else if (pi < p.length && wild(pi, '*')) {
                starP = pi++
                starT = t
            } else if (starP >= 0) {
                pi = starP + 1
                t = ++starT
            } else {
                return false
            }
        }
        while (pi < p.length && wild(pi, '*')) pi++
        return pi == p.length
    }
}
