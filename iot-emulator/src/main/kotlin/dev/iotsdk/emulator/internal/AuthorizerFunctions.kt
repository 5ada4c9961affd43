package dev.iotsdk.emulator.internal

import dev.iotsdk.emulator.AuthorizerHandler
import dev.iotsdk.emulator.AuthorizerRequest
import dev.iotsdk.emulator.AuthorizerResult
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap

/**
 * The "Lambda functions" behind authorizers made with the control plane's CreateAuthorizer: `authorizerFunctionArn`
 * `arn:aws:lambda:<region>:<account>:function:<name>` names a function declared here (CLI
 * `--authorizer-function NAME=SOURCE`), whose decision comes from
 * - an HTTP endpoint the user runs (`SOURCE` = `http://…` or `https://…`): the emulator POSTs AWS's
 *   custom-authorizer Lambda event (`token`, `signatureVerified`, `protocols`, `protocolData`, `connectionMetadata`) as JSON and reads
 *   AWS's Lambda response (`isAuthenticated`, `principalId`, `policyDocuments`, `disconnectAfterInSeconds`,
 *   `refreshAfterInSeconds`); DG custom-auth "Defining your Lambda function",
 *   https://docs.aws.amazon.com/iot/latest/developerguide/config-custom-auth.html;
 * - or a JSON rules file (any other `SOURCE`, a path), read on every call:
 *   `{"rules": [{"token": "t1", "principalId": "p1", "policyDocuments": [{…policy…}]}, …]}`; a rule matches when
 *   each of its `token`, `username`, `clientId` it names equals the request's; the first match allows (or denies,
 *   with `"isAuthenticated": false`), no match denies.
 * An unknown function denies, as a failing Lambda does.
 */
internal class AuthorizerFunctions {
    private val sources = ConcurrentHashMap<String, String>()
    private val http by lazy { HttpClient.newBuilder().connectTimeout(TIMEOUT).build() }

    /** Declares function [name] with [source] (an http(s) URL or a rules file path). */
    fun declare(name: String, source: String) {
        require(FUNCTION_NAME.matches(name)) { "invalid function name '$name'" }
        sources[name] = source
    }

    /** The handler for [functionArn]; it denies when no function of that name is declared. */
    fun handlerFor(functionArn: String): AuthorizerHandler {
        val name = functionArn.substringAfterLast(":function:", functionArn).substringBefore(':')
        return AuthorizerHandler { request ->
            when (val source = sources[name]) {
                null -> AuthorizerResult.deny()
                else -> if (source.startsWith("http://") || source.startsWith("https://")) {
                    callEndpoint(URI(source), request)
                } else {
                    applyRules(Paths.get(source), request)
                }
            }
        }
    }

    private fun callEndpoint(uri: URI, request: AuthorizerRequest): AuthorizerResult {
        val post = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event(request).toString())).build()
        val response = http.send(post, HttpResponse.BodyHandlers.ofString())
        if (response.statusCode() != OK) return AuthorizerResult.deny()
        val body = Json.parseToJsonElement(response.body()) as? JsonObject ?: return AuthorizerResult.deny()
        return result(body)
    }

    private fun applyRules(path: Path, request: AuthorizerRequest): AuthorizerResult {
        val root = Json.parseToJsonElement(Files.readString(path)) as? JsonObject ?: return AuthorizerResult.deny()
        val rules = (root["rules"] as? JsonArray).orEmpty().filterIsInstance<JsonObject>()
        val rule = rules.firstOrNull { r ->
            listOf("token" to request.token, "username" to request.username, "clientId" to request.clientId)
                .all { (key, actual) -> r[key]?.let { (it as? JsonPrimitive)?.content == actual } ?: true }
        } ?: return AuthorizerResult.deny()
        return result(buildJsonObject { rule.forEach { (k, v) -> put(k, v) } }, defaultAllow = true)
    }

    /** AWS's Lambda response; policy documents may be JSON strings (as AWS requires) or objects. */
    private fun result(body: JsonObject, defaultAllow: Boolean = false): AuthorizerResult {
        val allowed = (body["isAuthenticated"] as? JsonPrimitive)?.booleanOrNull ?: defaultAllow
        if (!allowed) return AuthorizerResult.deny()
        return AuthorizerResult(
            true,
            (body["principalId"] as? JsonPrimitive)?.content,
            (body["policyDocuments"] as? JsonArray).orEmpty().map(::document),
            (body["disconnectAfterInSeconds"] as? JsonPrimitive)?.intOrNull,
            (body["refreshAfterInSeconds"] as? JsonPrimitive)?.intOrNull,
        )
    }

    private fun document(e: JsonElement): String = if (e is JsonPrimitive && e.isString) e.content else e.toString()

    /** AWS's custom-authorizer Lambda event for [request]. */
    private fun event(request: AuthorizerRequest): JsonObject = buildJsonObject {
        request.token?.let { put("token", it) }
        put("signatureVerified", request.signatureVerified)
        putJsonArray("protocols") { request.protocols.forEach { add(JsonPrimitive(it)) } }
        putJsonObject("protocolData") {
            putJsonObject("tls") { request.serverName?.let { put("serverName", it) } }
            if ("http" in request.protocols) {
                putJsonObject("http") {
                    putJsonObject("headers") { request.headers.forEach { (k, v) -> put(k, v) } }
                    put("queryString", request.queryString.orEmpty())
                }
            }
            if ("mqtt" in request.protocols) {
                putJsonObject("mqtt") {
                    request.username?.let { put("username", it) }
                    request.passwordBase64?.let { put("password", it) }
                    request.clientId?.let { put("clientId", it) }
                }
            }
        }
        putJsonObject("connectionMetadata") { put("id", request.connectionId) }
    }

    private companion object {
        val FUNCTION_NAME = Regex("[a-zA-Z0-9-_]{1,64}")
        val TIMEOUT: Duration = Duration.ofSeconds(4)
        const val OK = 200
    }
}
