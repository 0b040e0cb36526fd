import { render } from 'preact';
render(<p>Crosscheck</p>, document.getElementById('app')!);
