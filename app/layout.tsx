import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
// The button's font (and the app's), bundled and served by Next from /_next/static: no font CDN.
import '@fontsource/ibm-plex-sans/latin-400.css';
import '@fontsource/ibm-plex-sans/latin-600.css';
import './globals.css';
import { requestLocale } from './_i18n';
import { ConsentManager, TcfStub } from './_cmp';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await requestLocale();
  return { title: t.meta.title, description: t.meta.description };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await requestLocale();
  return (
    <html lang={locale}>
      <head>
        <TcfStub />
      </head>
      <body>
        {children}
        <ConsentManager texts={t.cmp} locale={locale} />
      </body>
    </html>
  );
}
