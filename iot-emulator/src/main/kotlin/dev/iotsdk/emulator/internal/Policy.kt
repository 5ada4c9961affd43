package dev.iotsdk.emulator.internal

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** One parsed AWS IoT policy statement: effect, actions, resources and its `Condition` block (all must hold). */
internal class Statement(
    val allow: Boolean,
    val actions: List<String>,
    val resources: List<String>,
    val conditions: List<Condition> = emptyList(),
)

/** A parsed AWS IoT policy document (Version, Statement[Effect, Action, Resource, Condition]). */
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
            return Policy(name, statementObjects.map { statement(name, it) }, document)
        }

        private fun statement(name: String, element: JsonElement): Statement {
            require(element is JsonObject) { "policy '$name': each statement must be an object" }
            val effect =
                element.string("Effect") ?: throw IllegalArgumentException("policy '$name': statement without Effect")
            require(effect == "Allow" || effect == "Deny") {
                "policy '$name': Effect must be Allow or Deny, was $effect"
            }
            val actions = element.strings("Action")
            val resources = element.strings("Resource")
            require(actions.isNotEmpty()) { "policy '$name': statement without Action" }
            require(resources.isNotEmpty()) { "policy '$name': statement without Resource" }
            val conditions = when (val block = element["Condition"]) {
                null -> emptyList()
                is JsonObject -> Condition.parse(block)
                else -> throw IllegalArgumentException("policy '$name': Condition must be an object")
            }
            return Statement(effect == "Allow", actions, resources, conditions)
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

/** Evaluates AWS IoT policies: an explicit Deny wins, then any Allow; otherwise denied. */
internal object PolicyEvaluator {
    fun isAllowed(policies: List<Policy>, action: String, resource: String, variables: PolicyVariables): Boolean {
        var allowed = false
        for (policy in policies) {
            for (statement in policy.statements) {
                if (!statement.actions.any { Glob.matches(it, action, ignoreCase = true) }) continue
                val matches = statement.resources.any { pattern ->
                    val concrete = variables.pattern(pattern)
                    concrete != null && Glob.matches(concrete, resource, ignoreCase = false)
                }
                if (!matches || !statement.conditions.all { it.holds(variables) }) continue
                if (!statement.allow) return false
                allowed = true
            }
        }
        return allowed
    }
}
