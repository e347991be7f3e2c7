package sdk_test

// Every package of the SDK is built and vetted with the test, the config package too.
import _ "github.com/pulumi-woodpecker/pulumi-woodpecker/sdk/go/woodpecker/config"
