import XCTest
import MigcheckModel
import MigcheckSyntax

final class AppConfigReaderTests: XCTestCase {
    func label(_ text: String) -> String? {
        AppConfigReader.label(appsPy: SourceText(text)) { XCTFail("apps.py settles it; __init__.py is not read"); return nil }
    }

    /// The label from a package without an answer in apps.py (nil: no such file).
    func label(apps: String? = nil, initPy: String?) -> String? {
        AppConfigReader.label(appsPy: apps.map { SourceText($0) }) { initPy.map { SourceText($0) } }
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
        XCTAssertNil(label(apps: two, initPy: nil), "Django falls back to the plain AppConfig: the folder's name")
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
        XCTAssertNil(label(apps: "x = 1\n", initPy: nil))
        XCTAssertNil(label(apps: "class Broken(:\n", initPy: "x = (\n"))
        XCTAssertNil(label(initPy: ""), "an empty package")
    }

    /// Older apps (shuup's, for one) define their config in the package's
    /// `__init__.py` and name it with `default_app_config`.
    func testConfigInThePackage() {
        let shuupStyle = """
        from shuup.apps import AppConfig

        class XThemeAppConfig(AppConfig):
            name = "shuup.xtheme"
            verbose_name = "Shuup Extensible Theme Engine"
            label = "shuup_xtheme"

        default_app_config = "shuup.xtheme.XThemeAppConfig"
        """
        XCTAssertEqual(label(initPy: shuupStyle), "shuup_xtheme")
        XCTAssertEqual(label(apps: "", initPy: shuupStyle), "shuup_xtheme", "an apps.py without a config")
        XCTAssertEqual(label(initPy: shuupStyle.replacingOccurrences(of: "default_app_config", with: "other")), "shuup_xtheme",
                       "the only config of the package, which INSTALLED_APPS names by its path")
        XCTAssertNil(label(initPy: shuupStyle.replacingOccurrences(of: "shuup.xtheme.XThemeAppConfig", with: "shuup.xtheme.Missing")),
                     "default_app_config naming no class of the package settles nothing")
    }

    func testDefaultAppConfigChoosesAmongSeveral() {
        let apps = """
        from django.apps import AppConfig
        class ShopConfig(AppConfig):
            name = "shop"
            label = "shop_main"
        class ShopAdminConfig(AppConfig):
            name = "shop"
            label = "shop_admin"
        """
        XCTAssertEqual(label(apps: apps, initPy: "default_app_config = 'shop.apps.ShopAdminConfig'\n"), "shop_admin")
        XCTAssertNil(label(apps: apps, initPy: "default_app_config = 'shop.ShopAdminConfig'\n"),
                     "a path into the package itself, where no such class is")
        let two = "from django.apps import AppConfig\nclass A(AppConfig):\n    label = 'a'\nclass B(AppConfig):\n    label = 'b'\n"
        XCTAssertNil(label(initPy: two), "two configs in the package and no pointer")
    }
}
