package dev.iotsdk.dataplane.internal

/**
 * Marks a class that uses JDK API Android lacks (here `java.net.http`) and is loaded only when the user chooses it
 * (a runtime guard), so the build's Android API 26 check (animal-sniffer, root pom `sdk-module` profile) skips it.
 */
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS)
internal annotation class JdkOnly
