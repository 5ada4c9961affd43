package dev.iotsdk.emulator.internal

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** One parsed AWS IoT policy statement. */
internal class Statement(val allow: Boolean, val actions: List<String>, val resources: List<String>)

/** A parsed AWS IoT policy document (Version, Statement[Effect, Action, Resource]). */
internal class Policy(val name: String, val statements: List<Statement>, val document: String = "") {
    companion object {
        /** @throws IllegalArgumentException when [document] is not a valid policy. */
        fun parse(name: String, document: String): Policy {
            val root = try {
                Json.parseToJsonElement(document)
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("policy '$name' is not valid JSON: ${e.message}", e)
            }
            require(root is JsonObject) { "policy '$name' must be a JSON object" }
            val statementsElement =
                root["Statement"] ?: throw IllegalArgumentException("policy '$name' has no Statement")
            val statementObjects = when (statementsElement) {
                is JsonArray -> statementsElement.toList()
                is JsonObject -> listOf(statementsElement)
                else -> throw IllegalArgumentException("policy '$name': Statement must be an object or an array")
            }
            val statements = statementObjects.map { element ->
                require(element is JsonObject) { "policy '$name': each statement must be an object" }
                val effect =
                    element.string("Effect")
                        ?: throw IllegalArgumentException("policy '$name': statement without Effect")
                require(effect == "Allow" || effect == "Deny") {
                    "policy '$name': Effect must be Allow or Deny, was $effect"
                }
                val actions = element.strings("Action")
                val resources = element.strings("Resource")
                require(actions.isNotEmpty()) { "policy '$name': statement without Action" }
                require(resources.isNotEmpty()) { "policy '$name': statement without Resource" }
                Statement(effect == "Allow", actions, resources)
            }
            return Policy(name, statements, document)
        }

        private fun JsonObject.string(key: String): String? = (this[key] as? JsonPrimitive)?.takeIf {
            it.isString
        }?.content

        private fun JsonObject.strings(key: String): List<String> = when (val v: JsonElement? = this[key]) {
            null -> emptyList()
            is JsonPrimitive -> listOf(v.content)
            is JsonArray -> v.map {
                (it as? JsonPrimitive)?.content
                    ?: throw IllegalArgumentException("$key entries must be strings")
            }
            else -> throw IllegalArgumentException("$key must be a string or an array of strings")
        }
    }
}

/**
 * Values for policy variables; a `null` value means the variable cannot be resolved (the resource never matches), as
 * `${'$'}{iot:ClientId}` for HTTPS calls, which have no client id.
 */
internal class PolicyVariables(val clientId: String?, val thingName: String?, val thingAttached: Boolean) {
    fun substitute(pattern: String): String? {
        if (!pattern.contains("\${")) return pattern
        val out = StringBuilder()
        var i = 0
        while (i < pattern.length) {
            val start = pattern.indexOf("\${", i)
            if (start < 0) {
                out.append(pattern, i, pattern.length)
                break
            }
            out.append(pattern, i, start)
            val end = pattern.indexOf('}', start)
            if (end < 0) return null
            val value = when (pattern.substring(start + 2, end)) {
                "iot:ClientId" -> clientId
                "iot:Connection.Thing.ThingName" -> thingName
                "iot:Connection.Thing.IsAttached" -> thingAttached.toString()
                else -> null
            } ?: return null
            out.append(value)
            i = end + 1
        }
        return out.toString()
    }
}

/** Evaluates AWS IoT policies: an explicit Deny wins, then any Allow; otherwise denied. */
internal object PolicyEvaluator {
    fun isAllowed(policies: List<Policy>, action: String, resource: String, variables: PolicyVariables): Boolean {
        var allowed = false
        for (policy in policies) {
            for (statement in policy.statements) {
                if (!statement.actions.any { Glob.matches(it, action, ignoreCase = true) }) continue
                val matches = statement.resources.any { pattern ->
                    val concrete = variables.substitute(pattern)
                    concrete != null && Glob.matches(concrete, resource, ignoreCase = false)
                }
                if (!matches) continue
                if (!statement.allow) return false
                allowed = true
            }
        }
        return allowed
    }
}

/** `*` (any sequence) and `?` (any one character) wildcard matching, as IAM/IoT policies use. */
internal object Glob {
    fun matches(pattern: String, text: String, ignoreCase: Boolean): Boolean {
        var p = 0
        var t = 0
        var starP = -1
        var starT = 0
        while (t < text.length) {
            if (p < pattern.length && (pattern[p] == '?' || pattern[p].equals(text[t], ignoreCase))) {
                p++
                t++
            } else if (p < pattern.length && pattern[p] == '*') {
                starP = p++
                starT = t
            } else if (starP >= 0) {
                p = starP + 1
                t = ++starT
            } else {
                return false
            }
        }
        while (p < pattern.length && pattern[p] == '*') p++
        return p == pattern.length
    }
}
