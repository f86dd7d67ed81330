import XCTest
import MigcheckModel
import MigcheckSyntax

final class AppConfigReaderTests: XCTestCase {
    func label(_ text: String) -> String? {
        AppConfigReader.label(appsPy: SourceText(text))
    }

    func testExplicitLabelAndDefaultFromName() {
        XCTAssertEqual(label("""
        from django.apps import AppConfig

        class MessagesConfig(AppConfig):
            name = "kitsune.messages"
            label = "kitsune_messages"
        """), "kitsune_messages")
        XCTAssertEqual(label("""
        from django import apps
        class BillingConfig(apps.AppConfig):
            name = 'project.apps.billing'
        """), "billing")
    }

    func testSeveralConfigsNeedADefault() {
        let two = """
        from django.apps import AppConfig
        class A(AppConfig):
            name = "shop"
            label = "shop_a"
        class B(AppConfig):
            name = "shop"
            label = "shop_b"
        """
        XCTAssertNil(label(two), "Django falls back to the plain AppConfig: the folder's name")
        XCTAssertEqual(label(two + "\n    default = True\n"), "shop_b")
        XCTAssertEqual(label("""
        from django.apps import AppConfig
        class Base(AppConfig):
            default = False
            label = "base"
        class Real(Base):
            name = "x.real"
        """), "real", "a project's own base class counts when it ends in Config")
    }

    func testFilesWithoutAConfig() {
        XCTAssertNil(label("x = 1\n"))
        XCTAssertNil(label("class Broken(:\n"))
    }
}
